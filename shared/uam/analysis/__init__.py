"""Pure analysis: profiling, charts, modeling and report rendering.

Knows no AWS, database or HTTP: every function takes data (frames, dicts, paths) and returns
data, so the stage modules in `uam.runs.stages` (Lambda today, Fargate tomorrow) and the
benchmarks call the same code.
"""
