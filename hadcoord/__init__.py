"""hadcoord — coordination of home hospitalisation (HAD) for blinatumomab in Occitanie."""

__version__ = "0.1.0"
