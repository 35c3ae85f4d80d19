"""Where the demo districts go: carved deterministically out of the store locations.

No rectangles placed by hand: dense groups of open stores are found (stores with
many neighbours, linked DBSCAN-style), outlined by a shape hugging them, clipped to
their dong, kept apart from the districts already placed, and tightened until the
government's density rule holds with a margin. Everything happens in EPSG:5186
metres; the caller turns the shapes back into lon/lat.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

from . import geo
from .criteria import required_store_count

LINK_RADIUS_M = 30.0  # stores closer than this belong to one group
OUTLINE_RADIUS_M = 12.0  # the outline keeps this far around each store
CLOSING_M = 20.0  # gaps up to twice this are closed (streets between buildings)
MIN_PART_M2 = 150.0  # clipping slivers smaller than this are dropped
DENSITY_MARGIN = 1.03  # stay 3 % above the rule, so rounding the vertices never fails it
FIRST_THRESHOLD = 8  # a store is dense with at least this many stores within LINK_RADIUS_M
THRESHOLD_STEP = 4
LAST_THRESHOLD = 80


@dataclass
class Carved:
    polygon: object  # shapely Polygon in metres
    inside: np.ndarray  # indices of the open stores inside
    dong_id: int | None = None
    source: str = "semas"


@dataclass
class Rule:
    min_stores: int
    reference_area_m2: int

    def passes(self, polygon, store_count: int) -> bool:
        required = required_store_count(area_m2=polygon.area * DENSITY_MARGIN, min_stores=self.min_stores,
                                        reference_area_m2=self.reference_area_m2)
        return store_count >= required


class Carver:
    """Carves districts out of `xy` (all open stores, metres), never overlapping `taken`."""

    def __init__(self, xy: np.ndarray, rule: Rule):
        self.xy = xy
        self.rule = rule
        self.taken = shapely.Polygon()
        self.neighbours = geo.neighbour_counts(xy, LINK_RADIUS_M)

    def take(self, polygon) -> None:
        self.taken = shapely.union(self.taken, polygon)

    def carve(self, indices: np.ndarray, container, *, threshold: int | None = None,
              neighbours: np.ndarray | None = None, dong_id=None, source="semas") -> list[Carved]:
        """Districts made of the dense stores among `indices`, inside `container`.

        A group whose outline is not dense enough is carved again with a stricter
        threshold, so a loose group yields its dense cores instead of nothing.
        """
        threshold = FIRST_THRESHOLD if threshold is None else threshold
        neighbours = self.neighbours if neighbours is None else neighbours
        core = indices[neighbours[indices] >= threshold]
        if len(core) < self.rule.min_stores:
            return []
        labels = geo.connected_clusters(self.xy[core], LINK_RADIUS_M)
        groups = sorted((core[labels == label] for label in np.unique(labels)), key=lambda g: (-len(g), g[0]))
        found: list[Carved] = []
        for group in groups:
            if len(group) < self.rule.min_stores:
                continue
            for part in self._outline(group, container):
                inside = geo.indices_inside(part, self.xy)
                if self.rule.passes(part, len(inside)):
                    self.take(part)
                    found.append(Carved(part, inside, dong_id, source))
                elif threshold + THRESHOLD_STEP <= LAST_THRESHOLD:
                    members = group[np.isin(group, inside)]
                    found.extend(self.carve(members, container, threshold=threshold + THRESHOLD_STEP,
                                            neighbours=neighbours, dong_id=dong_id, source=source))
        return found

    def split(self, carved: Carved, parts: int, *, seed: int) -> list[Carved]:
        """Split one district into up to `parts` districts around k-means groups of its stores."""
        members = carved.inside
        labels = geo.kmeans(self.xy[members], parts, seed=seed)
        self.taken = shapely.difference(self.taken, carved.polygon)
        pieces: list[Carved] = []
        for label in range(parts):
            group = members[labels == label]
            if len(group) < self.rule.min_stores:
                continue
            for part in self._outline(group, carved.polygon):
                inside = geo.indices_inside(part, self.xy)
                if self.rule.passes(part, len(inside)):
                    self.take(part)
                    pieces.append(Carved(part, inside, carved.dong_id, carved.source))
        if len(pieces) < 2:  # splitting failed: keep the district whole
            for piece in pieces:
                self.taken = shapely.difference(self.taken, piece.polygon)
            self.take(carved.polygon)
            return [carved]
        return pieces

    def _outline(self, group: np.ndarray, container) -> list:
        outline = geo.outline_points_m(self.xy[group], radius_m=OUTLINE_RADIUS_M, closing_m=CLOSING_M)
        shape = shapely.intersection(outline, container)
        if not self.taken.is_empty:
            shape = shapely.difference(shape, self.taken)
        return geo.polygon_parts(shapely.make_valid(shape), min_area_m2=MIN_PART_M2)


def choose(candidates: list[Carved], count: int, dong_ids: list[int]) -> tuple[list[Carved], list[Carved]]:
    """`count` districts: the largest of each dong first (so every dong has one), then the
    largest of the rest. Returns (chosen, left over)."""
    ranked = sorted(candidates, key=lambda c: (-len(c.inside), c.polygon.centroid.x, c.polygon.centroid.y))
    chosen: list[Carved] = []
    for dong_id in dong_ids:
        best = next((c for c in ranked if c.dong_id == dong_id), None)
        if best is not None and len(chosen) < count:
            chosen.append(best)
    for candidate in ranked:
        if len(chosen) >= count:
            break
        if not any(candidate is c for c in chosen):
            chosen.append(candidate)
    rest = [c for c in ranked if not any(c is k for k in chosen)]
    return chosen, rest
