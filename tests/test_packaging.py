"""environment.yml (conda) and pyproject.toml (pip) list the same dependencies."""

import re
import tomllib


def _names(specs):
    return {re.split(r"[<>=\[ ]", s.strip(), maxsplit=1)[0].lower().replace("_", "-") for s in specs}


def test_environment_yml_matches_pyproject(root):
    project = tomllib.loads((root / "pyproject.toml").read_text())["project"]
    wanted = _names(project["dependencies"])
    for extra, specs in project["optional-dependencies"].items():
        wanted |= {n for n in _names(specs) if n != "kzevents"}
    wanted |= {"distributed"} if "dask" in wanted else set()
    env = (root / "environment.yml").read_text()
    listed = {m.group(1).lower() for m in re.finditer(r"^\s*-\s*([A-Za-z][\w.-]*)", env, re.M)}
    missing = wanted - listed
    assert not missing, f"environment.yml lacks {sorted(missing)}"
    assert re.search(r"-\s*-e\s+\.", env), "environment.yml must install the package with pip"
