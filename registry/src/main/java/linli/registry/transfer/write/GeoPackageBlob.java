package linli.registry.transfer.write;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;

/**
 * The GeoPackage geometry blob (OGC 12-128r18, 2.1.3): the "GP" header, then the WKB unchanged.
 * Header fields are little-endian. Points carry no envelope (it would repeat the point, and the
 * spec makes it optional); other geometries carry the xy envelope; empty geometries are flagged
 * empty with no envelope.
 */
final class GeoPackageBlob {
  private static final int HEADER = 8;
  private static final int XY_ENVELOPE = 32;
  private static final byte LITTLE_ENDIAN = 0b1;
  private static final byte ENVELOPE_XY = 0b10;
  private static final byte EMPTY = 0b1_0000;

  private GeoPackageBlob() {}

  static byte[] of(int srsId, Geometry geometry, byte[] wkb) {
    boolean empty = geometry.isEmpty();
    boolean envelope = !empty && !(geometry instanceof Point);
    ByteBuffer b = ByteBuffer.allocate(HEADER + (envelope ? XY_ENVELOPE : 0) + wkb.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 'G').put((byte) 'P').put((byte) 0);
    b.put((byte) (LITTLE_ENDIAN | (envelope ? ENVELOPE_XY : 0) | (empty ? EMPTY : 0)));
    b.putInt(srsId);
    if (envelope) {
      Envelope e = geometry.getEnvelopeInternal();
      b.putDouble(e.getMinX()).putDouble(e.getMaxX()).putDouble(e.getMinY()).putDouble(e.getMaxY());
    }
    return b.put(wkb).array();
  }
}
