-- Protecting the targets (abuse resistance issue, point 6): a keyed hash of each supporter's letter after
-- normalisation (LetterKeys), so a text that many signers sent word for word is found without opening a
-- single letter, and goes out as the campaign's letter instead. A keyed hash, never the text or a plain hash:
-- a copy of the database cannot test a guessed sentence against it. NULL when the supporter wrote no letter,
-- and once they are erased.
alter table signatures add column letter_key text;
create index signatures_letter_key on signatures (campaign, letter_key) where letter_key is not null;
-- Letters from before this migration, still to be keyed at start-up (LetterKeying): empty once they are.
create index signatures_letter_unkeyed on signatures (id) where letter_body is not null and letter_key is null;
