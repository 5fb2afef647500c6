"""The first workspace: datasets, records, saved maps and their versions, history; on SQLite
the GeoPackage's own tables, so that the file is a GeoPackage with a ``records`` layer.

The tables are as they were at this revision (``frozen.tables_0001``: the records with their
two foreign keys; on PostgreSQL a GiST index), not taken from geo.workspace.schema: later
revisions change them from here, so that every workspace, new or old, takes the same steps.

Revision ID: 0001
Revises:
"""
from alembic import op
from sqlalchemy import MetaData

from geo.workspace.migrations.frozen import tables_0001

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# GeoPackage 1.3 core (clauses 1.1.2-1.1.4): the spatial reference systems, the contents and
# the geometry columns; WGS 84 and the two undefined systems the standard requires.
_GPKG = [
    """CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY,
       organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL,
       definition TEXT NOT NULL, description TEXT)""",
    """CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY,
       data_type TEXT NOT NULL, identifier TEXT UNIQUE, description TEXT DEFAULT '',
       last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
       min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
       CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id))""",
    """CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL,
       geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL,
       m TINYINT NOT NULL, CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
       CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
       CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id))""",
    """INSERT INTO gpkg_spatial_ref_sys VALUES
       ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian system'),
       ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic system'),
       ('WGS 84 geodetic', 4326, 'EPSG', 4326, 'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID[' ||
        '"WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],' ||
        'PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,' ||
        'AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4326"]]', 'longitude/latitude on WGS 84')""",
    """INSERT INTO gpkg_contents (table_name, data_type, identifier, description, min_x, min_y,
       max_x, max_y, srs_id) VALUES ('records', 'features', 'records',
       'Reported activity records of every dataset (dataset_id)', 60, 23, 81, 41, 4326)""",
    """INSERT INTO gpkg_contents (table_name, data_type, identifier, description)
       VALUES ('datasets', 'attributes', 'datasets', 'The datasets and their import reports')""",
    "INSERT INTO gpkg_geometry_columns VALUES ('records', 'geom', 'POINT', 4326, 0, 0)",
    "PRAGMA application_id = 1196444487",  # 'GPKG'
    "PRAGMA user_version = 10300",
]


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS postgis")
    for table in tables_0001(MetaData()):
        table.create(bind)
    if bind.dialect.name == "postgresql":
        op.execute("CREATE INDEX records_geom ON records USING gist (geom)")
    else:
        for statement in _GPKG:
            op.execute(statement)


def downgrade() -> None:
    for table in reversed(tables_0001(MetaData())):
        table.drop(op.get_bind())
