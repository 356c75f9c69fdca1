-- A facility's contact phone (联系电话): the provincial shelter template reports it, and bureaus'
-- lists carry it. Text, not a number: extensions, several numbers, leading zeros.
ALTER TABLE facility ADD COLUMN phone text CONSTRAINT facility_phone_length CHECK (char_length(phone) <= 50);
