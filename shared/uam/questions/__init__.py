"""Questions in plain English about a user's dataset (POST /nlq), around the pure `uam.nlq`
answerer: ownership, the dataset's Parquet copy, the chart of an answer. Runs in the
NLQ function (analytics image)."""
