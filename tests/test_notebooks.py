"""The notebooks run from a clean kernel, draw their charts, and stay paired with their .py files."""

import nbformat
import jupytext
import pytest
from nbclient import NotebookClient

NAMES = ["00-quickstart", "01-hrd-threats", "02-detention-waves", "03-laws-and-bans", "04-events-and-sources"]


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_and_draws(root, name):
    folder = root / "notebooks"
    nb = nbformat.read(folder / f"{name}.ipynb", as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(folder)}}).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    if name != "00-quickstart":
        drawn = [o for o in outputs if any(k.startswith("application/vnd.vegalite") for k in o.get("data", {}))
                 or "vegaEmbed" in str(o.get("data", {}).get("text/html", ""))]
        assert drawn, f"{name} drew no chart"


@pytest.mark.parametrize("name", NAMES)
def test_notebook_is_paired_and_committed_without_outputs(root, name):
    folder = root / "notebooks"
    ipynb = nbformat.read(folder / f"{name}.ipynb", as_version=4)
    script = jupytext.read(folder / f"{name}.py")
    code = lambda nb: [c.source.strip() for c in nb.cells if c.cell_type == "code"]
    assert code(ipynb) == code(script), f"{name}.ipynb and {name}.py differ: run jupytext --sync"
    assert all(not c.get("outputs") for c in ipynb.cells if c.cell_type == "code")
