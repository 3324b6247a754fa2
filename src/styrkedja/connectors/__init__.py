"""Statistics connectors: SCB PxWeb, Kolada and files. Pure Python; never imports Django."""
