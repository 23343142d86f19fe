"""Organisation structure: bank → branches (支行) → outlets (网点), with staff counts per year."""
