package linli.registry.ogc.cql;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import linli.registry.ogc.cql.CqlExpr.And;
import linli.registry.ogc.cql.CqlExpr.Between;
import linli.registry.ogc.cql.CqlExpr.Comparison;
import linli.registry.ogc.cql.CqlExpr.ComparisonOp;
import linli.registry.ogc.cql.CqlExpr.Constant;
import linli.registry.ogc.cql.CqlExpr.In;
import linli.registry.ogc.cql.CqlExpr.IsNull;
import linli.registry.ogc.cql.CqlExpr.Like;
import linli.registry.ogc.cql.CqlExpr.Not;
import linli.registry.ogc.cql.CqlExpr.Or;
import linli.registry.ogc.cql.CqlExpr.SpatialPredicate;
import linli.registry.ogc.cql.CqlOperand.BooleanLiteral;
import linli.registry.ogc.cql.CqlOperand.DateLiteral;
import linli.registry.ogc.cql.CqlOperand.DecimalLiteral;
import linli.registry.ogc.cql.CqlOperand.IntegerLiteral;
import linli.registry.ogc.cql.CqlOperand.Property;
import linli.registry.ogc.cql.CqlOperand.Scalar;
import linli.registry.ogc.cql.CqlOperand.Spatial;
import linli.registry.ogc.cql.CqlOperand.StringLiteral;
import linli.registry.ogc.cql.CqlOperand.TimestampLiteral;

/**
 * Turns a {@link CqlExpr} into a parameterised PostgreSQL/PostGIS condition. Security rule: request
 * text reaches SQL only as '?' parameters; property names become only the whitelisted
 * {@link Queryable#sqlExpression()}, SRIDs only the constructor's ints. Every parameter is wrapped
 * in an explicit CAST so PostgreSQL never has to guess its type. Instances are immutable and
 * thread-safe.
 */
public final class CqlSqlWriter {
  /** More values than this is abuse, not a filter; also stays far below the protocol's 65535. */
  public static final int MAX_PARAMETERS = 10_000;

  private final Map<String, Queryable> queryables;
  private final boolean swapAxes;
  private final int filterSrid;
  /** For a projected filter CRS, {minX, minY, maxX, maxY} where it is defined; else null. */
  private final double[] area;
  /** SQL for one geometry literal; its only '?' is the WKT we write. */
  private final String geometrySql;

  /**
   * @param queryables allowed properties by name (case-sensitive names as given)
   * @param filterSrid the SRID that geometry literals' coordinates are in (4326 for CRS84 =
   *     lon/lat order; 4490, 4549, 3857)
   * @param swapAxes true when the filter CRS is latitude-first (EPSG:4490 / EPSG:4326 as URIs in
   *     OGC Part 2/3): swap x/y of geometry literals
   * @param storageSrid the SRID the columns are stored in (4490)
   */
  public CqlSqlWriter(
      Map<String, Queryable> queryables, int filterSrid, boolean swapAxes, int storageSrid) {
    this(queryables, filterSrid, swapAxes, storageSrid, null);
  }

  /**
   * As above, for a projected filter CRS: {@code area} is {minX, minY, maxX, maxY} (easting,
   * northing) where it is defined. Literals outside it are the caller's error; PostGIS would fail
   * on them ("outside of projection domain") or quietly transform them into nonsense.
   */
  public CqlSqlWriter(
      Map<String, Queryable> queryables, int filterSrid, boolean swapAxes, int storageSrid, double[] area) {
    if (filterSrid <= 0 || storageSrid <= 0) {
      throw new IllegalArgumentException("SRIDs must be positive");
    }
    this.queryables = Collections.unmodifiableMap(new LinkedHashMap<>(queryables));
    this.filterSrid = filterSrid;
    this.swapAxes = swapAxes;
    this.area = area == null ? null : area.clone();
    String fromText = "ST_GeomFromText(CAST(? AS text)";
    if (filterSrid == storageSrid) {
      geometrySql = fromText + ", " + storageSrid + ")";
    } else if (filterSrid == 4326 && storageSrid == 4490) {
      // WGS 84 and CGCS2000 differ by centimetres; PostGIS would transform through a no-op anyway.
      geometrySql = "ST_SetSRID(" + fromText + "), 4490)";
    } else {
      geometrySql = "ST_Transform(" + fromText + ", " + filterSrid + "), " + storageSrid + ")";
    }
  }

  /** Throws CqlException for unknown properties and type mismatches. */
  public SqlFragment write(CqlExpr expr) {
    Objects.requireNonNull(expr, "expr");
    Output out = new Output();
    out.expr(expr);
    if (out.params.size() > MAX_PARAMETERS) {
      throw new CqlException("filter has too many values (more than " + MAX_PARAMETERS + ")");
    }
    return new SqlFragment(out.sql.toString(), out.params);
  }

  /** The state of one write() call. */
  private final class Output {
    final StringBuilder sql = new StringBuilder();
    final List<Object> params = new ArrayList<>();

    void expr(CqlExpr expr) {
      if (expr instanceof And and) {
        join(and.operands(), " AND ");
      } else if (expr instanceof Or or) {
        join(or.operands(), " OR ");
      } else if (expr instanceof Not not) {
        sql.append("(NOT ");
        expr(not.operand());
        sql.append(')');
      } else if (expr instanceof Comparison c) {
        comparison(c);
      } else if (expr instanceof Like like) {
        like(like);
      } else if (expr instanceof In in) {
        in(in);
      } else if (expr instanceof IsNull isNull) {
        isNull(isNull);
      } else if (expr instanceof Between between) {
        between(between);
      } else if (expr instanceof SpatialPredicate spatial) {
        spatial(spatial);
      } else if (expr instanceof Constant constant) {
        sql.append(constant.value() ? "TRUE" : "FALSE");
      } else {
        throw new IllegalStateException("unhandled filter node " + expr);
      }
    }

    private void join(List<CqlExpr> operands, String operator) {
      sql.append('(');
      for (int i = 0; i < operands.size(); i++) {
        sql.append(i == 0 ? "" : operator);
        expr(operands.get(i));
      }
      sql.append(')');
    }

    private void comparison(Comparison c) {
      Queryable anchor = anchor("comparison " + c.left().toCql() + " " + c.op().symbol() + " "
          + c.right().toCql(), c.left(), c.right());
      if (anchor.type() == QueryableType.BOOLEAN && c.op() != ComparisonOp.EQ
          && c.op() != ComparisonOp.NE) {
        throw new CqlException(
            "cannot use " + c.op().symbol() + " with " + describe(anchor) + "; use = or <>");
      }
      sql.append('(');
      scalar(c.left(), anchor);
      sql.append(' ').append(c.op().symbol()).append(' ');
      scalar(c.right(), anchor);
      sql.append(')');
    }

    private void like(Like like) {
      Queryable anchor = anchor("LIKE", like.value(), like.pattern());
      if (anchor.type() != QueryableType.STRING) {
        throw new CqlException("LIKE needs a string property, but " + describe(anchor) + " is not");
      }
      // PostgreSQL refuses such a pattern with an error; say so as the user's mistake, not a server failure.
      if (like.pattern() instanceof StringLiteral p && endsWithLoneEscape(p.value())) {
        throw new CqlException("LIKE pattern '" + p.value() + "' ends with a lone escape character \\"
            + " (a pattern matches one backslash with \\\\)");
      }
      sql.append('(');
      scalar(like.value(), anchor);
      sql.append(like.negated() ? " NOT LIKE " : " LIKE ");
      scalar(like.pattern(), anchor);
      sql.append(')');
    }

    private static boolean endsWithLoneEscape(String pattern) {
      int backslashes = 0;
      for (int i = pattern.length() - 1; i >= 0 && pattern.charAt(i) == '\\'; i--) {
        backslashes++;
      }
      return backslashes % 2 == 1;
    }

    private void in(In in) {
      List<Scalar> all = new ArrayList<>(List.of(in.value()));
      all.addAll(in.list());
      Queryable anchor = anchor("IN", all.toArray(Scalar[]::new));
      sql.append('(');
      scalar(in.value(), anchor);
      sql.append(in.negated() ? " NOT IN (" : " IN (");
      for (int i = 0; i < in.list().size(); i++) {
        sql.append(i == 0 ? "" : ", ");
        scalar(in.list().get(i), anchor);
      }
      sql.append("))");
    }

    private void isNull(IsNull isNull) {
      if (!(isNull.value() instanceof Property property)) {
        throw new CqlException("IS NULL needs a property, not " + isNull.value().toCql());
      }
      sql.append('(').append(lookup(property).sqlExpression())
          .append(isNull.negated() ? " IS NOT NULL)" : " IS NULL)");
    }

    private void between(Between between) {
      Queryable anchor = anchor("BETWEEN", between.value(), between.low(), between.high());
      if (anchor.type() == QueryableType.BOOLEAN) {
        throw new CqlException("BETWEEN cannot be used with " + describe(anchor));
      }
      sql.append('(');
      scalar(between.value(), anchor);
      sql.append(between.negated() ? " NOT BETWEEN " : " BETWEEN ");
      scalar(between.low(), anchor);
      sql.append(" AND ");
      scalar(between.high(), anchor);
      sql.append(')');
    }

    private void spatial(SpatialPredicate predicate) {
      sql.append(predicate.op().sqlFunction()).append('(');
      spatialOperand(predicate.left(), predicate);
      sql.append(", ");
      spatialOperand(predicate.right(), predicate);
      sql.append(')');
    }

    private void spatialOperand(Spatial operand, SpatialPredicate predicate) {
      if (operand instanceof Property property) {
        Queryable queryable = lookup(property);
        if (queryable.type() != QueryableType.GEOMETRY) {
          throw new CqlException(predicate.op() + " needs a geometry, but " + describe(queryable)
              + " is not one");
        }
        sql.append(queryable.sqlExpression());
      } else {
        CqlGeometry geometry = (CqlGeometry) operand;
        checkRange(geometry);
        sql.append(geometrySql);
        params.add(geometry.toWkt(swapAxes));
      }
    }

    /**
     * The property whose type the literals of a predicate must fit: the first one named. A
     * predicate made of literals only is rejected; it says nothing about the features.
     */
    private Queryable anchor(String what, Scalar... operands) {
      for (Scalar operand : operands) {
        if (operand instanceof Property property) {
          Queryable queryable = lookup(property);
          if (queryable.type() == QueryableType.GEOMETRY) {
            throw new CqlException(describe(queryable)
                + " can only be used in spatial predicates such as S_INTERSECTS");
          }
          return queryable;
        }
      }
      throw new CqlException(what + " must involve a property");
    }

    private void scalar(Scalar operand, Queryable anchor) {
      if (operand instanceof Property property) {
        Queryable other = lookup(property);
        if (!compatible(anchor.type(), other.type())) {
          throw new CqlException("cannot compare " + describe(anchor) + " with " + describe(other));
        }
        sql.append(other.sqlExpression());
        return;
      }
      Object value = literalValue(operand, anchor);
      sql.append("CAST(? AS ").append(sqlType(value)).append(')');
      params.add(value);
    }
  }

  /** The typed Java value a literal binds as, given the property it is compared with. */
  private static Object literalValue(Scalar literal, Queryable anchor) {
    switch (anchor.type()) {
      case STRING:
        if (literal instanceof StringLiteral s) {
          return s.value();
        }
        break;
      case INTEGER:
        if (literal instanceof IntegerLiteral i) {
          return i.value();
        }
        if (literal instanceof DecimalLiteral d) {
          return d.value(); // capacity > 10.5 is meaningful: compare as double precision
        }
        break;
      case NUMBER:
        if (literal instanceof IntegerLiteral i) {
          return (double) i.value();
        }
        if (literal instanceof DecimalLiteral d) {
          return d.value();
        }
        break;
      case BOOLEAN:
        if (literal instanceof BooleanLiteral b) {
          return b.value();
        }
        break;
      case DATE:
        if (literal instanceof DateLiteral d) {
          return d.value();
        }
        if (literal instanceof StringLiteral s) {
          try {
            return LocalDate.parse(s.value()); // lenient: '2020-01-01' for DATE('2020-01-01')
          } catch (DateTimeParseException e) {
            break;
          }
        }
        break;
      case TIMESTAMP:
        if (literal instanceof TimestampLiteral t) {
          return t.value();
        }
        if (literal instanceof StringLiteral s) {
          try {
            return OffsetDateTime.parse(s.value()).withOffsetSameInstant(ZoneOffset.UTC);
          } catch (DateTimeParseException e) {
            break;
          }
        }
        break;
      default:
        break;
    }
    throw new CqlException("cannot compare " + describe(anchor) + " with " + literal.toCql());
  }

  private static String sqlType(Object value) {
    if (value instanceof String) {
      return "text";
    } else if (value instanceof Long) {
      return "bigint";
    } else if (value instanceof Double) {
      return "double precision";
    } else if (value instanceof Boolean) {
      return "boolean";
    } else if (value instanceof LocalDate) {
      return "date";
    } else if (value instanceof OffsetDateTime) {
      return "timestamptz";
    }
    throw new IllegalStateException("unexpected parameter " + value.getClass());
  }

  /** Property-to-property comparisons: same type, or any two numbers. */
  private static boolean compatible(QueryableType a, QueryableType b) {
    return a == b || (a.isNumeric() && b.isNumeric());
  }

  private Queryable lookup(Property property) {
    Queryable queryable = queryables.get(property.name());
    if (queryable == null) {
      throw new CqlException("unknown property '" + property.toCql() + "' (queryables: "
          + String.join(", ", queryables.keySet()) + ")");
    }
    return queryable;
  }

  private static String describe(Queryable queryable) {
    return queryable.name() + " (" + queryable.type().label() + ")";
  }

  /**
   * Lon/lat literals outside [-180, 180] x [-90, 90] are almost always the axis order mixed up
   * (lat/lon sent as CRS84 or the reverse); saying so beats silently matching nothing.
   */
  private void checkRange(CqlGeometry geometry) {
    if (area != null) {
      geometry.forEachPosition(p -> {
        double x = swapAxes ? p.y() : p.x();
        double y = swapAxes ? p.x() : p.y();
        if (x < area[0] || x > area[2] || y < area[1] || y > area[3]) {
          throw new CqlException("position " + CqlWkt.number(p.x()) + " " + CqlWkt.number(p.y())
              + " is outside the area where EPSG:" + filterSrid + " is defined (easting "
              + CqlWkt.number(area[0]) + ".." + CqlWkt.number(area[2]) + ", northing "
              + CqlWkt.number(area[1]) + ".." + CqlWkt.number(area[3]) + ")");
        }
      });
      return;
    }
    if (filterSrid != 4326 && filterSrid != 4490) {
      return;
    }
    geometry.forEachPosition(p -> {
      double lon = swapAxes ? p.y() : p.x();
      double lat = swapAxes ? p.x() : p.y();
      if (Math.abs(lon) > 180 || Math.abs(lat) > 90) {
        throw new CqlException("position " + CqlWkt.number(p.x()) + " " + CqlWkt.number(p.y())
            + " is outside the longitude/latitude range of EPSG:" + filterSrid
            + (swapAxes ? " (latitude first)" : " (longitude first)"));
      }
    });
  }
}
