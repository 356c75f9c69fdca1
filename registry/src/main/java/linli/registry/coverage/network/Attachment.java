package linli.registry.coverage.network;

/**
 * Where a point joins the road network.
 *
 * @param edge      index of the edge in {@link RoadGraph} (0 .. edgeCount-1)
 * @param fraction  position of the join point along the edge from its first node, 0..1, as a share of the
 *                  edge's ground length (so the walk to the first node is {@code fraction * length})
 * @param legMetres geodesic length of the straight leg from the point to the join point
 */
public record Attachment(int edge, double fraction, double legMetres) {}
