-- V30's checks take FOR KEY SHARE on the category and community rows a statement names, which needs the
-- UPDATE privilege on those tables; a declared foreign key checked as the table's owner. They run as
-- their owner now, as a foreign key did, so an application role that may only read categories and
-- communities can still write facilities. The search path is pinned, as a SECURITY DEFINER function's
-- must be (no object of the caller's can stand in for the registry's).
ALTER FUNCTION facility_check_references() SECURITY DEFINER SET search_path = public, pg_temp;
ALTER FUNCTION facility_referenced_key_gone() SECURITY DEFINER SET search_path = public, pg_temp;
