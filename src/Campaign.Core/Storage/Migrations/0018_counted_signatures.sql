-- Public counts under surge (issue 14, point 2): the count by country of a campaign's confirmed signatures is
-- read from this index alone (an index-only scan), not from the table's rows with their sealed details.
-- Partial, so pending, withdrawn and invalidated signatures are not even in it; the exact counts that
-- milestones and deliveries take inside their transactions use it too.
create index signatures_counted_by_country on signatures (campaign, country) where status = 'confirmed';
