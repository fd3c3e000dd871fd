"""Stage 1, load: plan files found and read, parsed with positions, built into the model.

discover (where the files are, their bytes) -> yamlread (the only YAML reader) -> build (the
model and structural findings) -> loader (the one entry point) -> cache (wrapped around it).
Nothing here prints or raises on bad plan data: problems are located findings.
"""
