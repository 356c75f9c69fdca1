package linli.registry.transfer.read;

import java.nio.file.Path;
import java.util.Optional;
import linli.registry.transfer.RecordReader;
import linli.registry.transfer.SourceRecord;

/** Child-JVM entry point for {@link TestFiles#countInSmallHeap}: reads a whole file, prints the count. */
public final class BoundedMemoryMain {
  private BoundedMemoryMain() {}

  public static void main(String[] args) throws Exception {
    long n = 0;
    try (RecordReader reader = RecordReaders.open(Path.of(args[0]), args[1], null)) {
      for (Optional<SourceRecord> r = reader.next(); r.isPresent(); r = reader.next()) {
        n++;
      }
    }
    Runtime rt = Runtime.getRuntime();
    System.out.println("records=" + n + " maxHeapMiB=" + rt.maxMemory() / (1024 * 1024));
  }
}
