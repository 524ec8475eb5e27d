"""The data catalogue: harvest, snapshots, drift, gaps, GD Catalog export."""
