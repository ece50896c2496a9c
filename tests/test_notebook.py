"""The example notebook runs from top to bottom in a real Jupyter kernel (nbclient), with few
replications; a cell that raises fails the test."""

from __future__ import annotations

from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

NOTEBOOK = Path(__file__).parents[1] / "experiments" / "parameter_study.ipynb"


def test_parameter_study_notebook_runs_every_cell(tmp_path, monkeypatch):
    monkeypatch.setenv("PARTNERSIM_NOTEBOOK_REPLICATIONS", "6")
    monkeypatch.setenv("PARTNERSIM_NOTEBOOK_WORKERS", "2")
    monkeypatch.setenv("PARTNERSIM_NOTEBOOK_OUT", str(tmp_path))
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    )
    client.execute()  # raises CellExecutionError naming the cell that failed
    errors = [
        output
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "error"
    ]
    assert errors == []
    figures = sum(
        "image/png" in output.get("data", {})
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
    )
    assert figures == 3  # one run, the grid, the Sobol indices
    # the sweeps it ran are stored where it was told: 20 grid cells x 6 replications
    import sim

    runs = sim.load_results(tmp_path / "grid")
    assert len(runs) == 20 * 6 and runs["error"].isna().all()
    assert (tmp_path / "sobol" / "sensitivity.csv").exists()
