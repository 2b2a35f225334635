"""Supply-chain checks: the locks, known vulnerabilities in locked packages, and third-party licences.

`python -m tests.supply_chain audit` asks pip-audit and npm audit about every locked package and fails on a
finding that allowlist.toml does not accept; `third-party` writes or checks THIRD_PARTY.md;
`fingerprint` prints a digest of the installed Python packages, to compare two installs byte for byte.
"""
