"""What the sweep tests and the fault tests share: the command line and a tiny experiment."""

import sys

CLI = [sys.executable, "-m", "sim.cli"]
EXPERIMENT = """
name = "tiny"
description = "two levers on the baseline"
scenarios = ["baseline"]
replications = {replications}
seed = 5
batch_size = {batch}

[factors]
"levers.rules" = [0.0, 1.0]
"levers.growth" = ["all_at_once", "core_group"]
"""
