package linli.registry.transfer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import linli.registry.crs.CoordinateSystem;

/**
 * How fast the import's row mapper turns records into staged rows, alone (no database): ROWS
 * records with every facility column, mapped ROUNDS times: the median thread CPU time per row (the
 * machine is shared, so wall time says more about the neighbours) and the bytes allocated per row
 * (which load does not change). Run by scripts/bench-row-mapper.sh; not a test.
 */
public final class RowMapperBench {
  private RowMapperBench() {}

  public static void main(String[] args) {
    int rows = Integer.parseInt(System.getProperty("rows", "200000"));
    int rounds = Integer.parseInt(System.getProperty("rounds", "7"));
    List<SourceRecord> records = new ArrayList<>(rows);
    for (int i = 0; i < rows; i++) {
      Map<String, String> a = new LinkedHashMap<>();
      a.put("编号", "B-" + i);
      a.put("名称", "台东社区食堂" + i + "号");
      a.put("类别", "meal_point");
      a.put("地址", "青岛市市北区台东" + (i % 300) + "路" + i + "号");
      a.put("联系电话", "0532-8" + (1000000 + i % 8999999));
      a.put("状态", i % 5 == 0 ? "在建" : "开放");
      a.put("容纳人数", String.valueOf(i % 900));
      a.put("面积", (20 + i % 4000) + ".5");
      a.put("启用日期", "2021/6/" + (1 + i % 28));
      a.put("经度", String.valueOf(120.3 + (i % 1000) * 1e-4));
      a.put("纬度", String.valueOf(36.1 + (i / 1000 % 1000) * 1e-4));
      a.put("备注", "无");
      records.add(new SourceRecord(i + 1, a, null, List.of()));
    }
    FacilityRowMapper mapper = new FacilityRowMapper(new FacilityRowMapper.Settings(
        Map.of("meal_point", "meal_point"), null, CoordinateSystem.CGCS2000));
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long[] nsPerRow = new long[rounds];
    long[] bytesPerRow = new long[rounds];
    long staged = 0;
    for (int r = 0; r < rounds; r++) {
      long cpu0 = threads.getCurrentThreadCpuTime();
      long bytes0 = threads.getCurrentThreadAllocatedBytes();
      for (SourceRecord record : records) {
        if (mapper.map(record).staged() != null) {
          staged++;
        }
      }
      nsPerRow[r] = (threads.getCurrentThreadCpuTime() - cpu0) / rows;
      bytesPerRow[r] = (threads.getCurrentThreadAllocatedBytes() - bytes0) / rows;
    }
    System.out.println("CPU ns per row by round: " + Arrays.toString(nsPerRow));
    Arrays.sort(nsPerRow);
    Arrays.sort(bytesPerRow);
    System.out.printf("median %d CPU ns per row (%,d rows/s per core), %d bytes allocated per row; %d rows staged%n",
        nsPerRow[rounds / 2], 1_000_000_000L / nsPerRow[rounds / 2], bytesPerRow[rounds / 2], staged);
  }
}
