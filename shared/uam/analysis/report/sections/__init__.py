"""The report's sections, each a function of the content dict returning flowables."""
