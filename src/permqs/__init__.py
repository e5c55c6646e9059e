"""permqs: permutation-invariant open quantum systems, from finite N to the thermodynamic limit."""
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("permqs")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"
