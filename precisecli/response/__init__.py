"""Response domain: RECIST 1.1, treatment lines, next-line recommendation."""
