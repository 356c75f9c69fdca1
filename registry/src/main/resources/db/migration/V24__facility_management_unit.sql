-- A facility's management unit (管理单位): the provincial shelter template reports it, and bureaus'
-- lists carry it (before this column an import kept it in extra, which the template still reads).
ALTER TABLE facility ADD COLUMN management_unit text
  CONSTRAINT facility_management_unit_length CHECK (char_length(management_unit) <= 200);
