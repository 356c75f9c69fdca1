package linli.registry.catalog;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The values of a layer's properties written as given ({@link Property#writtenAsGiven()}), keyed by
 * catalogue property, each of its type's {@link ValueType#writtenClass() Java class}; a property
 * without a value is absent. What a facility draft and an import row carry instead of a field per
 * property.
 */
public final class PropertyValues {
  private final Layer layer;
  private final Map<Property, Object> values;

  private PropertyValues(Layer layer, Map<Property, Object> values) {
    this.layer = layer;
    this.values = Collections.unmodifiableMap(values);
  }

  public static Builder of(Layer layer) {
    return new Builder(layer);
  }

  /** The value of a property of the layer (the catalogue's instance), or null. */
  public Object get(Property p) {
    return values.get(p);
  }

  /** The value of the layer's property {@code name}, or null (also when the layer has no such property). */
  public Object get(String name) {
    return layer.property(name).map(values::get).orElse(null);
  }

  /** Property → value, only the ones given, in no particular order. */
  public Map<Property, Object> asMap() {
    return values;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PropertyValues other && layer.id().equals(other.layer.id()) && values.equals(other.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    Map<String, Object> byName = new LinkedHashMap<>();
    values.forEach((p, v) -> byName.put(p.name(), v));
    return byName.toString();
  }

  /** Collects values; a value of the wrong class or for a property not written as given is a programming error. */
  public static final class Builder {
    private final Layer layer;
    // By identity: the keys are the catalogue's own instances, and a record's hashCode would walk every
    // component of the property for each value of each imported row.
    private Map<Property, Object> values = new IdentityHashMap<>(8);

    private Builder(Layer layer) {
      this.layer = layer;
    }

    public Builder put(Property p, Object value) {
      // (cheap checks only: an import builds one of these per row)
      if (p.written() == null) {
        throw new IllegalArgumentException(p.name() + " is not written as given in " + layer.id());
      }
      if (value == null) {
        values.remove(p);
      } else if (!p.type().writtenClass().isInstance(value)) {
        throw new IllegalArgumentException(p.name() + " takes a " + p.type().writtenClass().getSimpleName() + ", not "
            + value.getClass().getSimpleName());
      } else {
        values.put(p, value);
      }
      return this;
    }

    public Builder put(String name, Object value) {
      return put(layer.property(name).orElseThrow(() -> new IllegalArgumentException(layer.id() + " has no " + name)),
          value);
    }

    /** The values; the builder is spent (an import builds one per row, so its map is handed over, not copied). */
    public PropertyValues build() {
      PropertyValues built = new PropertyValues(layer, values);
      values = null;
      return built;
    }
  }
}
