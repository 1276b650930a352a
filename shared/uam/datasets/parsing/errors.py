"""The single exception this package raises for files that cannot become a dataset."""


class InvalidDataset(Exception):
    """The file cannot become a dataset; str(exc) is a sentence a person can act on."""
