-- The case event log is append-only: history is evidence (who did what, when), so no row may change or vanish.
CREATE OR REPLACE FUNCTION case_event_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'CaseEvent is append-only (% refused)', TG_OP USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER case_event_no_update BEFORE UPDATE OR DELETE ON "CaseEvent"
  FOR EACH ROW EXECUTE FUNCTION case_event_append_only();
