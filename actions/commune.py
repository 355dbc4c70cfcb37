"""The commune: asked for once where it decides who is responsible."""

from __future__ import annotations

ASK_COMMUNE_TEXT = (
    "In welcher Stadt oder Gemeinde der Region Hannover wohnen Sie? Dann nenne ich Ihnen die zuständige Stelle."
)
