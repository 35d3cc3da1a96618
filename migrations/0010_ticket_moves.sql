-- A ticket moved to another team keeps its key and number (contract §2), which may already be
-- one of that team's own: the number is unique per team only among the tickets born there.
DROP INDEX `tickets_team_number_unique`;