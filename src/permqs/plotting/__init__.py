"""One function per paper figure (modules ``paperXXX``), sharing :mod:`permqs.plotting.style`."""
