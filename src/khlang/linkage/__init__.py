"""External data linkages (สงพท.-08): the register, its workflow, its checks and its report."""
