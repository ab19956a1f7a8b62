"""`make bench`: Samverkansguiden's speed and memory, each figure beside a floor measured in the same run."""
