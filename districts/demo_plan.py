"""Where the demo districts go: carved deterministically out of the store locations.

No rectangles placed by hand: dense groups of open stores are found (stores with
many neighbours, linked DBSCAN-style), outlined by a shape hugging them, clipped to
their dong, kept apart from the districts already placed, and tightened until the
government's density rule holds with a margin. A few outline settings are tried and
the one that brings the most stores into the districts wins. Everything happens in
EPSG:5186 metres; the caller turns the shapes back into lon/lat.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import shapely

from . import geo
from .criteria import required_store_count

LINK_RADIUS_M = 30.0  # stores closer than this belong to one group
MIN_PART_M2 = 150.0  # clipping slivers smaller than this are dropped
DENSITY_MARGIN = 1.03  # stay 3 % above the rule, so rounding the vertices never fails it
THRESHOLD_STEP = 4
LAST_THRESHOLD = 80
MARKET_THRESHOLD = 10


@dataclass(frozen=True)
class Outline:
    """How tightly a district hugs its stores."""

    first_threshold: int  # a store is dense with at least this many stores within LINK_RADIUS_M
    radius_m: float  # the outline keeps this far around each store
    closing_m: float  # gaps up to twice this are closed (streets between buildings)


# From roomy outlines to ones that follow the shop fronts of a street closely: sparse store
# data needs the tight ones to meet the density rule; dense data keeps the roomy ones.
OUTLINES = (Outline(8, 12.0, 20.0), Outline(4, 8.0, 15.0), Outline(3, 6.0, 12.0), Outline(3, 5.0, 10.0))
SIMPLIFY_M = 1.0  # vertices closer than this to the outline are dropped


@dataclass
class Carved:
    polygon: object  # shapely Polygon in metres (lon/lat once the plan is finished)
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


@dataclass
class Plan:
    designated: list[Carved]
    spare: list[Carved]  # pass the rule too: for a submitted and a revoked district
    near_misses: list[Carved] = field(default_factory=list)  # dense, but not dense enough: drafts

    @property
    def stores_held(self) -> int:
        return sum(len(c.inside) for c in self.designated)


class Carver:
    """Carves districts out of `xy` (all open stores, metres), never overlapping `taken`."""

    def __init__(self, xy: np.ndarray, rule: Rule, outline: Outline, neighbours: np.ndarray):
        self.xy = xy
        self.rule = rule
        self.outline = outline
        self.neighbours = neighbours
        self.taken: list = []  # polygons placed so far (kept apart: one big union gets slow)
        self.near_misses: list[Carved] = []

    def take(self, polygon) -> None:
        self.taken.append(polygon)

    def release(self, polygon) -> None:
        self.taken = [p for p in self.taken if p is not polygon]

    def without_taken(self, shape):
        """`shape` minus the placed polygons near it."""
        min_x, min_y, max_x, max_y = shape.bounds
        near = [p for p in self.taken if p.bounds[0] <= max_x and p.bounds[2] >= min_x
                and p.bounds[1] <= max_y and p.bounds[3] >= min_y]
        return shapely.difference(shape, shapely.union_all(near)) if near else shape

    def carve(self, indices: np.ndarray, container, *, threshold: int | None = None,
              neighbours: np.ndarray | None = None, dong_id=None, source="semas") -> list[Carved]:
        """Districts made of the dense stores among `indices`, inside `container`.

        A group whose outline is not dense enough is carved again with a stricter
        threshold, so a loose group yields its dense cores instead of nothing.
        """
        threshold = self.outline.first_threshold if threshold is None else threshold
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
                    continue
                tighter = []
                if threshold + THRESHOLD_STEP <= LAST_THRESHOLD:
                    members = group[np.isin(group, inside)]
                    tighter = self.carve(members, container, threshold=threshold + THRESHOLD_STEP,
                                         neighbours=neighbours, dong_id=dong_id, source=source)
                if tighter:
                    found.extend(tighter)
                elif threshold == self.outline.first_threshold and len(inside) >= self.rule.min_stores:
                    self.near_misses.append(Carved(part, inside, dong_id, source))
        return found

    def split(self, carved: Carved, parts: int, *, seed: int) -> list[Carved]:
        """Split one district into up to `parts` districts around k-means groups of its stores."""
        members = carved.inside
        labels = geo.kmeans(self.xy[members], parts, seed=seed)
        self.release(carved.polygon)
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
                self.release(piece.polygon)
            self.take(carved.polygon)
            return [carved]
        return pieces

    def free_misses(self) -> list[Carved]:
        """Near misses cut back to the ground no district took (drafts must not overlap)."""
        result = []
        for miss in self.near_misses:
            for part in geo.polygon_parts(self.without_taken(miss.polygon), min_area_m2=MIN_PART_M2):
                inside = geo.indices_inside(part, self.xy)
                if len(inside) >= self.rule.min_stores:
                    result.append(Carved(part, inside, miss.dong_id, miss.source))
        return result

    def _outline(self, group: np.ndarray, container) -> list:
        outline = geo.outline_points_m(self.xy[group], radius_m=self.outline.radius_m,
                                       closing_m=self.outline.closing_m)
        outline = shapely.simplify(outline, SIMPLIFY_M, preserve_topology=True)  # before the cuts: no overlap
        shape = self.without_taken(shapely.intersection(outline, container))
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


def plan_districts(xy: np.ndarray, is_market: np.ndarray, dong_shapes: dict, rule: Rule, *, designated: int,
                   spare: int, seed: int) -> Plan:
    """The best plan over the outline settings: all the districts wanted if it can, then the
    most stores inside the designated districts."""
    neighbours = geo.neighbour_counts(xy, LINK_RADIUS_M)
    market = np.flatnonzero(is_market)
    market_neighbours = np.zeros(len(xy), dtype=int)
    if len(market):
        market_neighbours[market] = geo.neighbour_counts(xy[market], LINK_RADIUS_M)
    dong_ids = list(dong_shapes)
    members_by_dong = _members_by_dong(xy, dong_shapes)
    territory = geo.union(dong_shapes.values())
    best, best_key = None, None
    for outline in OUTLINES:
        plan = _plan_with(Carver(xy, rule, outline, neighbours), market, market_neighbours, members_by_dong,
                          dong_shapes, dong_ids, territory, designated=designated, spare=spare, seed=seed)
        key = (min(len(plan.designated), designated), len(plan.spare), plan.stores_held)
        if best_key is None or key > best_key:
            best, best_key = plan, key
    return best


def _members_by_dong(xy, dong_shapes) -> dict:
    located = geo.PointLocator(dong_shapes).locate(xy[:, 0], xy[:, 1])
    members: dict = {dong_id: [] for dong_id in dong_shapes}
    for index, dong_id in enumerate(located):
        if dong_id is not None:
            members[dong_id].append(index)
    return {dong_id: np.array(indices, dtype=int) for dong_id, indices in members.items()}


def _plan_with(carver: Carver, market, market_neighbours, members_by_dong, dong_shapes, dong_ids, territory, *,
               designated: int, spare: int, seed: int) -> Plan:
    # The market stores first: their own district(s), outlined from the market stores only.
    markets = carver.carve(market, territory, threshold=MARKET_THRESHOLD, neighbours=market_neighbours,
                           source="market") if len(market) else []
    for district in markets:
        district.dong_id = max(dong_shapes, key=lambda pk: shapely.intersection(district.polygon,
                                                                                dong_shapes[pk]).area)
    # Then the densest groups of each dong, clipped to the dong.
    candidates: list[Carved] = []
    for dong_id, dong_shape in dong_shapes.items():
        candidates.extend(carver.carve(members_by_dong[dong_id], dong_shape, dong_id=dong_id))

    wanted = designated + spare - len(markets)
    chosen, rest = choose(candidates, wanted, dong_ids)
    split_seed, whole = seed, []
    while len(chosen) < wanted:  # too few dense groups: split the largest districts in two
        splittable = [c for c in chosen if len(c.inside) >= 4 * carver.rule.min_stores
                      and all(c is not w for w in whole)]
        if not splittable:
            break
        largest = max(splittable, key=lambda c: len(c.inside))
        split_seed += 1
        pieces = carver.split(largest, 2, seed=split_seed)
        if len(pieces) == 1:
            whole.append(largest)  # it cannot be split: leave it as it is
            continue
        chosen = [c for c in chosen if c is not largest] + pieces
    # The smallest passing ones (never the only one of a dong) become the spare districts.
    by_size = sorted(chosen, key=lambda c: (len(c.inside), c.polygon.centroid.x))
    per_dong = Counter(c.dong_id for c in [*markets, *chosen])
    spares: list[Carved] = []
    for candidate in by_size:
        if len(spares) >= spare or len(chosen) - len(spares) <= designated - len(markets):
            break
        if per_dong[candidate.dong_id] > 1:
            per_dong[candidate.dong_id] -= 1
            spares.append(candidate)
    kept = [c for c in chosen if all(c is not s for s in spares)]
    return Plan(markets + kept, spares, rest + carver.free_misses())
