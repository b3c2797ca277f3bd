-- Numbers to look at (issue 17, point 4): the public timeline counts a campaign's confirmed signatures per hour
-- and per day from this index alone (an index-only scan over the campaign's confirmed ones, never the rows
-- with their sealed details), like the count by country from signatures_counted_by_country. No counter row is
-- updated per signature, so confirming under a surge contends on nothing new.
create index signatures_confirmed_by_time on signatures (campaign, confirmed_at) where status = 'confirmed';
