"""The example dossiers the tests send; they live with the simulator so benchmarks share them."""

from connectors.simulator.voorbeelden import GELDIG, VANDAAG

__all__ = ["GELDIG", "VANDAAG"]
