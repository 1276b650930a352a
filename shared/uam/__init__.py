"""Universal Analyst Model: the package every UAM Lambda function uses."""
