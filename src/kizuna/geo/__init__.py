"""Geometry and geodata: CRS, rasters, vector layers, loaders, DID derivation."""
