/* rapport-error.h
 *
 * Errors that a user can cause travel as a GError in RAPPORT_ERROR. The
 * message is complete and readable on its own: it names the record and
 * the field, and says what is wrong ("email: “amara@” is not a valid email
 * address").
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define RAPPORT_ERROR (rapport_error_quark ())

typedef enum
{
  RAPPORT_ERROR_INVALID,      /* a field failed validation */
  RAPPORT_ERROR_NOT_FOUND,    /* no such record */
  RAPPORT_ERROR_AMBIGUOUS,    /* a reference matches more than one record */
  RAPPORT_ERROR_CONFLICT,     /* would break a uniqueness or state rule */
  RAPPORT_ERROR_PARSE,        /* malformed input file (CSV, vCard, JSON) */
  RAPPORT_ERROR_DATABASE,     /* SQLite failed (disk full, corrupt, locked) */
  RAPPORT_ERROR_VERSION,      /* database written by a newer Rapport */
  RAPPORT_ERROR_CANCELLED,
} RapportErrorCode;

GQuark rapport_error_quark (void);

G_END_DECLS
