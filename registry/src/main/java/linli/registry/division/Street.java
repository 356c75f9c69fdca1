package linli.registry.division;

/** A street (街道) or town (镇) as listed for choosing: its district, and how many communities and people it has. */
public record Street(String code, String name, String kind, String districtCode, String districtName, int communities,
    long population) {}
