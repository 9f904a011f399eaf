/* rapport-vcard.h
 *
 * A generic vCard model (RFC 6350 4.0, RFC 2426 3.0, and the 2.1 that old
 * phones export), with a reader and a writer.
 *
 * A RapportVCard is a refcounted card: a version and an ordered list of
 * properties. BEGIN, END and VERSION are not in the list; the writer
 * emits them around it. A RapportVCardProperty has an optional group
 * ("item1"), a name (upper case; the spelling it was given or read with,
 * such as X-ABLabel, is kept for writing), parameters (name, upper case
 * -> list of values) and a value. The value is kept as it appears in the
 * card, that is still escaped; the _text, _components and _list
 * accessors escape and unescape.
 *
 * Round trip: every property read from a card remembers its original
 * unfolded line. As long as nothing changes it (any setter does), the
 * writer emits that line again unchanged, so properties that nobody here
 * understands (PHOTO, X-SOCIALPROFILE, item1.X-ABLabel...) go back to the
 * server byte for byte, only folded again.
 *
 * Reader: CRLF, LF or CR line ends; unfolds a line break followed by a
 * space or tab; skips a UTF-8 byte order mark and blank lines.
 * ENCODING=QUOTED-PRINTABLE values (with their soft line breaks, in the
 * CHARSET given, UTF-8 by default) are decoded to UTF-8: such a property
 * loses its ENCODING and CHARSET parameters, keeps line breaks as "\n"
 * escapes and is written back as plain text. ENCODING=b and BASE64 values
 * are kept as they are (2.1 base64 continuation lines without leading
 * white space are joined). A 2.1 bare parameter (TEL;CELL) is read as
 * TYPE=CELL (as ENCODING=... for 7BIT, 8BIT, QUOTED-PRINTABLE and BASE64).
 * Parameter values may be quoted, and RFC 6868 ^n ^' ^^ are decoded.
 * Errors are RAPPORT_ERROR_PARSE with the line number in the message:
 * invalid UTF-8, a line that is not a property, an unclosed quote, text
 * outside BEGIN:VCARD/END:VCARD, a missing END or VERSION, a version
 * other than 2.1, 3.0 and 4.0, a vCard nested in another.
 *
 * Writer: CRLF line ends, lines folded at 75 octets (a continuation line
 * starts with one space, counted in the 75) without splitting a UTF-8
 * character, parameter values quoted when they hold ':', ';' or ','.
 *
 * A card is not locked: copy it (rapport_vcard_copy()) before changing
 * one that another thread may be reading.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define RAPPORT_TYPE_VCARD          (rapport_vcard_get_type ())
#define RAPPORT_TYPE_VCARD_PROPERTY (rapport_vcard_property_get_type ())

typedef struct _RapportVCard         RapportVCard;
typedef struct _RapportVCardProperty RapportVCardProperty;

GType                 rapport_vcard_get_type                   (void) G_GNUC_CONST;
/* An empty card of @version ("3.0", "4.0"). */
RapportVCard         *rapport_vcard_new                        (const char                  *version);
/* Parses exactly one card; @length may be -1 when @data ends with a NUL. */
RapportVCard         *rapport_vcard_new_from_string            (const char                  *data,
                                                                gssize                       length,
                                                                GError                     **error);
/* Parses every card of a .vcf stream (any number of BEGIN/END blocks, none
 * for an empty or blank input). Returns a GPtrArray of RapportVCard that
 * owns its cards, or NULL with @error set. */
GPtrArray            *rapport_vcard_parse_all                  (const char                  *data,
                                                                gssize                       length,
                                                                GError                     **error);
RapportVCard         *rapport_vcard_ref                        (RapportVCard                *self);
void                  rapport_vcard_unref                      (RapportVCard                *self);
/* A deep copy; unchanged properties keep their original lines. */
RapportVCard         *rapport_vcard_copy                       (RapportVCard                *self);
const char           *rapport_vcard_get_version                (RapportVCard                *self);
void                  rapport_vcard_set_version                (RapportVCard                *self,
                                                                const char                  *version);

guint                 rapport_vcard_get_n_properties           (RapportVCard                *self);
/* Borrowed; valid until the property is removed or the card freed. */
RapportVCardProperty *rapport_vcard_get_property               (RapportVCard                *self,
                                                                guint                        index);
/* The first property named @name (any group, case-insensitive), or NULL. */
RapportVCardProperty *rapport_vcard_get_first                  (RapportVCard                *self,
                                                                const char                  *name);
/* Every property named @name, in order; the array does not own them. */
GPtrArray            *rapport_vcard_get_all                    (RapportVCard                *self,
                                                                const char                  *name);
/* The unescaped text of the first property named @name, or NULL. */
char                 *rapport_vcard_dup_text                   (RapportVCard                *self,
                                                                const char                  *name);
/* The following three take ownership of @property. */
void                  rapport_vcard_add_property               (RapportVCard                *self,
                                                                RapportVCardProperty        *property);
void                  rapport_vcard_insert_property            (RapportVCard                *self,
                                                                guint                        index,
                                                                RapportVCardProperty        *property);
/* @property takes the place of the first property with its name (any
 * group) and the others with that name are removed; it is appended when
 * there is none. */
void                  rapport_vcard_replace_property           (RapportVCard                *self,
                                                                RapportVCardProperty        *property);
/* Appends a new text property (escaping @text) and returns it, borrowed,
 * so that parameters can be added. */
RapportVCardProperty *rapport_vcard_add_text                   (RapportVCard                *self,
                                                                const char                  *name,
                                                                const char                  *text);
/* Removes and frees @property; FALSE when it is not in the card. */
gboolean              rapport_vcard_remove_property            (RapportVCard                *self,
                                                                RapportVCardProperty        *property);
/* Removes every property named @name; returns how many. */
guint                 rapport_vcard_remove_all                 (RapportVCard                *self,
                                                                const char                  *name);

char                 *rapport_vcard_to_string                  (RapportVCard                *self);
/* Appends the card (BEGIN to END, CRLF line ends) to @out. */
void                  rapport_vcard_write                      (RapportVCard                *self,
                                                                GString                     *out);

/* SHA-256 (hex) of @text with line ends unified, folded lines joined,
 * the properties servers rewrite on their own (PRODID, REV...) dropped
 * and the lines sorted: a server's re-serialization hashes the same.
 * Stored by the sync engine, so the same text always gives the same
 * hash. @text may be NULL (hashes as ""). */
char                 *rapport_vcard_normalized_hash            (const char                  *text);

/* Text escaping: '\\' ',' ';' and line breaks (CRLF, LF and CR all become
 * "\n"). Unescaping also reads "\N" and "\:"; any other backslash is kept. */
char                 *rapport_vcard_escape_text                (const char                  *text);
char                 *rapport_vcard_unescape_text              (const char                  *value);
/* Splits a raw value on every @separator that is not escaped. The parts
 * are unescaped when @unescape is TRUE, else left as they are (to split
 * them again, as in "N:family;given1,given2;;;"). Never empty: "" gives
 * one empty part. */
GStrv                 rapport_vcard_split_value                (const char                  *value,
                                                                char                         separator,
                                                                gboolean                     unescape);

GType                 rapport_vcard_property_get_type          (void) G_GNUC_CONST;
/* @group may be NULL; @value is the raw value, already escaped. */
RapportVCardProperty *rapport_vcard_property_new               (const char                  *group,
                                                                const char                  *name,
                                                                const char                  *value);
RapportVCardProperty *rapport_vcard_property_new_text          (const char                  *group,
                                                                const char                  *name,
                                                                const char                  *text);
RapportVCardProperty *rapport_vcard_property_copy              (const RapportVCardProperty  *self);
void                  rapport_vcard_property_free              (RapportVCardProperty        *self);
const char           *rapport_vcard_property_get_group         (const RapportVCardProperty  *self);
void                  rapport_vcard_property_set_group         (RapportVCardProperty        *self,
                                                                const char                  *group);
const char           *rapport_vcard_property_get_name          (const RapportVCardProperty  *self);
/* The raw value (escaped as in the card; decoded when it was
 * quoted-printable). */
const char           *rapport_vcard_property_get_value         (const RapportVCardProperty  *self);
void                  rapport_vcard_property_set_value         (RapportVCardProperty        *self,
                                                                const char                  *value);
char                 *rapport_vcard_property_dup_text          (const RapportVCardProperty  *self);
void                  rapport_vcard_property_set_text          (RapportVCardProperty        *self,
                                                                const char                  *text);
/* Structured values (N, ADR): split on ';', each part unescaped. */
GStrv                 rapport_vcard_property_dup_components    (const RapportVCardProperty  *self);
void                  rapport_vcard_property_set_components    (RapportVCardProperty        *self,
                                                                const char * const          *components);
/* List values (CATEGORIES, NICKNAME): split on ',', each item unescaped. */
GStrv                 rapport_vcard_property_dup_list          (const RapportVCardProperty  *self);
void                  rapport_vcard_property_set_list          (RapportVCardProperty        *self,
                                                                const char * const          *items);
guint                 rapport_vcard_property_get_n_params      (const RapportVCardProperty  *self);
const char           *rapport_vcard_property_get_param_name    (const RapportVCardProperty  *self,
                                                                guint                        index);
/* The values of parameter @name (case-insensitive), NULL-terminated, or
 * NULL when the property has no such parameter. */
const char * const   *rapport_vcard_property_get_param         (const RapportVCardProperty  *self,
                                                                const char                  *name);
/* Whether parameter @name has @value among its values (ASCII
 * case-insensitive, as TYPE values are). */
gboolean              rapport_vcard_property_has_param_value   (const RapportVCardProperty  *self,
                                                                const char                  *name,
                                                                const char                  *value);
/* Appends @value to the values of parameter @name (created if needed). */
void                  rapport_vcard_property_add_param         (RapportVCardProperty        *self,
                                                                const char                  *name,
                                                                const char                  *value);
gboolean              rapport_vcard_property_remove_param      (RapportVCardProperty        *self,
                                                                const char                  *name);
/* The line the property was read from, unfolded; NULL once the property
 * was changed, or when it was built or decoded here. */
const char           *rapport_vcard_property_get_original_line (const RapportVCardProperty  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportVCard, rapport_vcard_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportVCardProperty, rapport_vcard_property_free)

G_END_DECLS
