"""What the console's routes refuse."""


class ConsoleFileNotFound(Exception):
    """No such file in the console."""
