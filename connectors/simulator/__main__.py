"""`python -m connectors.simulator [--host H] [--port P]`: the partner simulator on loopback."""

from __future__ import annotations

import argparse

from connectors.simulator.app import serve_simulator


def main() -> None:
    parser = argparse.ArgumentParser(description="ketenregie partner simulator")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument(
        "--port", type=int, default=None, help="default: KETEN_SIMULATOR_POORT (8101)"
    )
    args = parser.parse_args()
    serve_simulator(args.host, args.port)


if __name__ == "__main__":
    main()
