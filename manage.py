#!/usr/bin/env python
from coprod.cli import main

if __name__ == "__main__":
    main()
