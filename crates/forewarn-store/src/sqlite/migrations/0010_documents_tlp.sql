-- Searches leave TLP:RED documents out for those not cleared for them by rowid, from this
-- index, instead of reading every matching document's row.
CREATE INDEX documents_tlp ON documents (tlp);
