package linli.data;

import java.util.List;
import linli.registry.division.DivisionRegister;
import linli.registry.division.DivisionRegister.Committee;
import linli.registry.division.DivisionRegister.District;
import linli.registry.division.DivisionRegister.Street;

/**
 * Qingdao's real divisions, nothing synthetic: the district outlines, the NBS 2023 streets and the
 * community/village committees by code and full name (the resources the demo is generated from).
 */
public final class QingdaoDivisions {
  private QingdaoDivisions() {}

  public static DivisionRegister.Divisions read() {
    DivisionCsv.Divisions csv = DivisionCsv.read();
    List<District> districts = DistrictOutlines.read().stream()
        .map(d -> new District(d.code(), d.name(), d.geom())).toList();
    List<Street> streets = csv.streets().stream()
        .map(s -> new Street(s.code(), s.name(), s.kind(), s.districtCode())).toList();
    List<Committee> committees = csv.communities().stream()
        .map(c -> new Committee(c.code(), c.name(), c.kind(), c.streetCode())).toList();
    return new DivisionRegister.Divisions(districts, streets, committees);
  }
}
