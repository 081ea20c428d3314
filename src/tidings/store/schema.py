"""The store's schema as an ordered list of migrations.

A migration is applied once, in order, inside a transaction, and recorded in ``schema_migrations``.  Never
edit a migration that has shipped: add a new one.  Every record table keeps the canonical JSON of its
record in ``record`` (what ``tidings events --format jsonl`` prints) beside flat columns for filtering.
"""

from __future__ import annotations

MIGRATIONS: tuple[tuple[int, str, str], ...] = (
    (
        1,
        "initial schema",
        """
        CREATE TABLE documents (
            id VARCHAR PRIMARY KEY,
            date DATE NOT NULL,
            title VARCHAR,
            url VARCHAR,
            source VARCHAR,
            origin VARCHAR,
            text VARCHAR NOT NULL,
            run_id VARCHAR,
            ingested_at TIMESTAMP
        );
        CREATE TABLE sentences (
            doc_id VARCHAR NOT NULL,
            idx INTEGER NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            text VARCHAR NOT NULL
        );
        CREATE TABLE events (
            id VARCHAR PRIMARY KEY,
            doc_id VARCHAR NOT NULL,
            event VARCHAR NOT NULL,
            mode VARCHAR,
            context VARCHAR[],
            quad VARCHAR NOT NULL,
            actor_codes VARCHAR[],
            actor_sectors VARCHAR[],
            actor_names VARCHAR[],
            recipient_codes VARCHAR[],
            recipient_sectors VARCHAR[],
            recipient_names VARCHAR[],
            date VARCHAR NOT NULL,
            date_precision VARCHAR,
            day DATE,
            modality VARCHAR,
            place_name VARCHAR,
            place_country VARCHAR,
            lat DOUBLE,
            lon DOUBLE,
            sentence VARCHAR,
            start INTEGER,
            "end" INTEGER,
            confidence DOUBLE,
            rule VARCHAR,
            cameo VARCHAR,
            quote_id VARCHAR,
            lexicon_version VARCHAR,
            record VARCHAR NOT NULL
        );
        CREATE TABLE timexes (
            doc_id VARCHAR NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            text VARCHAR,
            type VARCHAR,
            value VARCHAR,
            mod VARCHAR,
            record VARCHAR NOT NULL
        );
        CREATE TABLE places (
            doc_id VARCHAR NOT NULL,
            start INTEGER,
            "end" INTEGER,
            text VARCHAR,
            name VARCHAR,
            geonameid BIGINT,
            lat DOUBLE,
            lon DOUBLE,
            country VARCHAR,
            admin1 VARCHAR,
            feature VARCHAR,
            record VARCHAR NOT NULL
        );
        CREATE TABLE quotes (
            id VARCHAR PRIMARY KEY,
            doc_id VARCHAR NOT NULL,
            speaker_text VARCHAR,
            speaker_name VARCHAR,
            speaker_code VARCHAR,
            speaker_sector VARCHAR,
            content VARCHAR,
            direct BOOLEAN,
            record VARCHAR NOT NULL
        );
        CREATE TABLE runs (
            id VARCHAR PRIMARY KEY,
            started_at TIMESTAMP,
            finished_at TIMESTAMP,
            tidings_version VARCHAR,
            lexicon_version VARCHAR,
            model VARCHAR,
            engine VARCHAR,
            n_documents INTEGER,
            n_events INTEGER,
            status VARCHAR
        );
        CREATE INDEX sentences_doc ON sentences(doc_id);
        CREATE INDEX events_doc ON events(doc_id);
        CREATE INDEX timexes_doc ON timexes(doc_id);
        CREATE INDEX places_doc ON places(doc_id);
        CREATE INDEX quotes_doc ON quotes(doc_id);
        """,
    ),
)

SCHEMA_VERSION = MIGRATIONS[-1][0]
