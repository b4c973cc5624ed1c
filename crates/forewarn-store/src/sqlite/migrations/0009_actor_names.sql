-- Every id, name and alias under which a document's finding knows an actor, folded as
-- forewarn folds names (fw_fold: Unicode lower case), so that finding an actor by a name
-- reads an index instead of every finding of every document. Rewritten with the findings.
CREATE TABLE actor_names (
    folded TEXT NOT NULL,
    -- The name as the finding wrote it (the first spelling that folds to `folded`).
    name TEXT NOT NULL,
    actor_id TEXT NOT NULL,
    document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    -- 1 where the name is only an alias of the actor in that document.
    is_alias INTEGER NOT NULL,
    PRIMARY KEY (folded, actor_id, document_id)
) WITHOUT ROWID;
CREATE INDEX actor_names_document ON actor_names (document_id);
CREATE INDEX actor_names_actor ON actor_names (actor_id, is_alias);

-- Ids and names first, so that a name that is both keeps is_alias = 0.
INSERT OR IGNORE INTO actor_names (folded, name, actor_id, document_id, is_alias)
    SELECT fw_fold(actor_id), actor_id, actor_id, document_id, 0 FROM actor_findings;
INSERT OR IGNORE INTO actor_names (folded, name, actor_id, document_id, is_alias)
    SELECT fw_fold(json_extract(record, '$.actor.name')), json_extract(record, '$.actor.name'),
        actor_id, document_id, 0
    FROM actor_findings WHERE json_extract(record, '$.actor.name') IS NOT NULL;
INSERT OR IGNORE INTO actor_names (folded, name, actor_id, document_id, is_alias)
    SELECT fw_fold(json_extract(a.value, '$.name')), json_extract(a.value, '$.name'),
        f.actor_id, f.document_id, 1
    FROM actor_findings f, json_each(f.record, '$.actor.aliases') a
    WHERE json_extract(a.value, '$.name') IS NOT NULL;

-- A profile reads the relations whose object is the actor as well as those it is subject of.
CREATE INDEX relations_object ON relations (object);
