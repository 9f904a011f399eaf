/* rapport-multistatus.c
 *
 * libxml2 rather than GMarkup: DAV answers are all about namespaces
 * (DAV:, CalDAV, CardDAV, CalendarServer, any prefix, default namespaces
 * declared on any ancestor, redeclared in between) and libxml2 resolves
 * every element to its namespace URI as it parses, with tested entity
 * handling and depth limits. GMarkup knows nothing of namespaces: we
 * would have to track xmlns declarations per element ourselves, and
 * that is the part servers get creative with.
 *
 * The document is parsed in memory (answers are at most a few MiB: a
 * multiget batch), its properties copied into RapportDavNode trees, and
 * the libxml2 tree freed at once: callers never see libxml2 types.
 * Safety: no network (XML_PARSE_NONET), no entity substitution, and any
 * document type declaration is refused before the tree is read, so no
 * external or expanding entity ever reaches us.
 */

#define G_LOG_DOMAIN "rapport-multistatus"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "rapport-dav.h"
#include "rapport-multistatus.h"

#define MAX_DOCUMENT_SIZE (64 * 1024 * 1024)

/* Path segment characters that stay plain (RFC 3986 pchar, less the
 * unreserved ones that g_uri_escape_string() never escapes). */
#define SEGMENT_ALLOWED "!$&'()*+,;=:@"

/* libxml2 */

static void
ensure_xml_init (void)
{
  static gsize initialized = 0;

  /* xmlInitParser() sets up global tables; it must run once before any
   * thread parses. */
  if (g_once_init_enter (&initialized))
    {
      xmlInitParser ();
      g_once_init_leave (&initialized, 1);
    }
}

/* libxml2 reports some problems (a failed character conversion) through
 * its generic error function, which prints on stderr whatever the parser
 * options say. The error reaches the caller through the context anyway. */
static void
ignore_generic_error (void       *data,
                      const char *format,
                      ...)
{
}

static gboolean
xml_is (const xmlNode *node,
        const char    *ns,
        const char    *name)
{
  const char *node_ns;

  if (node->type != XML_ELEMENT_NODE)
    return FALSE;
  node_ns = (node->ns != NULL && node->ns->href != NULL) ? (const char *) node->ns->href : "";
  return strcmp (node_ns, ns) == 0 && strcmp ((const char *) node->name, name) == 0;
}

static xmlDoc *
read_document (const char  *xml,
               gsize        len,
               GError     **error)
{
  xmlParserCtxt *ctxt;
  xmlDoc *doc;

  if (xml == NULL || len == 0)
    {
      g_set_error_literal (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_PROTOCOL,
                           _("The server sent an empty answer where a list was expected."));
      return NULL;
    }
  if (len > MAX_DOCUMENT_SIZE)
    {
      g_set_error_literal (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_PROTOCOL,
                           _("The server’s answer is too large to read."));
      return NULL;
    }

  ensure_xml_init ();
  /* Per thread: set on the thread that parses. */
  xmlSetGenericErrorFunc (NULL, ignore_generic_error);
  ctxt = xmlNewParserCtxt ();
  if (ctxt == NULL)
    {
      g_set_error_literal (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_PROTOCOL,
                           _("The server’s answer could not be read."));
      return NULL;
    }

  doc = xmlCtxtReadMemory (ctxt, xml, (int) len, NULL, NULL,
                           XML_PARSE_NONET | XML_PARSE_NOERROR |
                           XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
  if (doc == NULL)
    {
      const xmlError *xml_error = xmlCtxtGetLastError (ctxt);
      g_autofree char *detail = NULL;

      if (xml_error != NULL && xml_error->message != NULL)
        detail = g_strstrip (g_utf8_make_valid (xml_error->message, -1));
      /* Translators: %s is the XML parser's own description, in English */
      g_set_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_PROTOCOL,
                   _("The server’s answer is not valid XML (%s)."),
                   detail != NULL && *detail != '\0' ? detail : "?");
      xmlFreeParserCtxt (ctxt);
      return NULL;
    }
  xmlFreeParserCtxt (ctxt);

  if (doc->intSubset != NULL || doc->extSubset != NULL)
    {
      g_set_error_literal (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_PROTOCOL,
                           _("The server’s answer declares a document type, which DAV answers never do."));
      xmlFreeDoc (doc);
      return NULL;
    }

  return doc;
}

static char *
xml_dup_text (const xmlNode *node)
{
  GString *text = g_string_new (NULL);

  for (const xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if ((child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE) &&
          child->content != NULL)
        g_string_append (text, (const char *) child->content);
    }

  return g_string_free (text, FALSE);
}

static char *
xml_dup_trimmed_text (const xmlNode *node)
{
  return g_strstrip (xml_dup_text (node));
}

/* "HTTP/1.1 404 Not Found" -> 404; 0 when it is not a status line. */
static guint
parse_status_line (const char *line)
{
  const char *p = line;
  guint status = 0;

  while (g_ascii_isspace (*p))
    p++;
  if (!g_str_has_prefix (p, "HTTP/"))
    return 0;
  while (*p != '\0' && !g_ascii_isspace (*p))
    p++;
  while (g_ascii_isspace (*p))
    p++;
  for (guint i = 0; i < 3; i++)
    {
      if (!g_ascii_isdigit (p[i]))
        return 0;
      status = status * 10 + (guint) (p[i] - '0');
    }
  if (g_ascii_isdigit (p[3]) || status < 100 || status > 599)
    return 0;

  return status;
}

static guint
xml_status (const xmlNode *node)
{
  g_autofree char *text = xml_dup_text (node);

  return parse_status_line (text);
}

/* Nodes */

static void
dav_node_free (gpointer data)
{
  RapportDavNode *node = data;

  g_free (node->ns);
  g_free (node->name);
  g_free (node->text);
  g_strfreev (node->attributes);
  g_ptr_array_unref (node->children);
  g_free (node);
}

static RapportDavNode *
dav_node_new_from_xml (const xmlNode *xnode)
{
  RapportDavNode *node = g_new0 (RapportDavNode, 1);
  g_autoptr(GStrvBuilder) attributes = g_strv_builder_new ();
  GString *text = g_string_new (NULL);

  node->ns = g_strdup ((xnode->ns != NULL && xnode->ns->href != NULL) ? (const char *) xnode->ns->href : "");
  node->name = g_strdup ((const char *) xnode->name);
  node->children = g_ptr_array_new_with_free_func (dav_node_free);

  for (const xmlAttr *attr = xnode->properties; attr != NULL; attr = attr->next)
    {
      xmlChar *value = xmlNodeGetContent ((const xmlNode *) attr);

      g_strv_builder_add (attributes, (const char *) attr->name);
      g_strv_builder_add (attributes, value != NULL ? (const char *) value : "");
      xmlFree (value);
    }
  node->attributes = g_strv_builder_end (attributes);

  /* libxml2 refuses documents nested deeper than 256 elements, which
   * bounds this recursion. */
  for (const xmlNode *child = xnode->children; child != NULL; child = child->next)
    {
      if (child->type == XML_ELEMENT_NODE)
        g_ptr_array_add (node->children, dav_node_new_from_xml (child));
      else if ((child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE) &&
               child->content != NULL)
        g_string_append (text, (const char *) child->content);
    }
  node->text = g_string_free (text, FALSE);

  return node;
}

gboolean
rapport_dav_node_is (const RapportDavNode *self,
                     const char           *ns,
                     const char           *name)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (ns != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  return strcmp (self->ns, ns) == 0 && strcmp (self->name, name) == 0;
}

const RapportDavNode *
rapport_dav_node_find (const RapportDavNode *self,
                       const char           *ns,
                       const char           *name)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->children->len; i++)
    {
      const RapportDavNode *child = g_ptr_array_index (self->children, i);
      const RapportDavNode *found;

      if (rapport_dav_node_is (child, ns, name))
        return child;
      found = rapport_dav_node_find (child, ns, name);
      if (found != NULL)
        return found;
    }

  return NULL;
}

const char *
rapport_dav_node_get_attribute (const RapportDavNode *self,
                                const char           *name)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; self->attributes[i] != NULL && self->attributes[i + 1] != NULL; i += 2)
    {
      if (strcmp (self->attributes[i], name) == 0)
        return self->attributes[i + 1];
    }

  return NULL;
}

/* Responses */

static void
multistatus_prop_free (gpointer data)
{
  RapportMultistatusProp *prop = data;

  dav_node_free (prop->node);
  g_free (prop);
}

static void
multistatus_response_free (gpointer data)
{
  RapportMultistatusResponse *response = data;

  g_free (response->href);
  g_free (response->raw_href);
  g_ptr_array_unref (response->props);
  g_free (response->error);
  g_free (response);
}

void
rapport_multistatus_free (RapportMultistatus *self)
{
  if (self == NULL)
    return;

  g_ptr_array_unref (self->responses);
  g_free (self->sync_token);
  g_free (self);
}

static void
parse_propstat (const xmlNode *xpropstat,
                GPtrArray     *props)
{
  guint status = 200;
  guint first = props->len;

  for (const xmlNode *child = xpropstat->children; child != NULL; child = child->next)
    {
      if (xml_is (child, RAPPORT_DAV_NS, "status"))
        status = xml_status (child);
      else if (xml_is (child, RAPPORT_DAV_NS, "prop"))
        {
          for (const xmlNode *xprop = child->children; xprop != NULL; xprop = xprop->next)
            {
              RapportMultistatusProp *prop;

              if (xprop->type != XML_ELEMENT_NODE)
                continue;
              prop = g_new0 (RapportMultistatusProp, 1);
              prop->node = dav_node_new_from_xml (xprop);
              g_ptr_array_add (props, prop);
            }
        }
    }

  /* The status may come before or after the properties. */
  for (guint i = first; i < props->len; i++)
    ((RapportMultistatusProp *) g_ptr_array_index (props, i))->status = status;
}

static void
parse_response (const xmlNode *xresponse,
                GPtrArray     *responses)
{
  g_autoptr(GPtrArray) hrefs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) props = g_ptr_array_new_with_free_func (multistatus_prop_free);
  g_autofree char *condition = NULL;
  guint status = 0;

  for (const xmlNode *child = xresponse->children; child != NULL; child = child->next)
    {
      if (xml_is (child, RAPPORT_DAV_NS, "href"))
        {
          char *href = xml_dup_trimmed_text (child);

          if (*href != '\0')
            g_ptr_array_add (hrefs, href);
          else
            g_free (href);
        }
      else if (xml_is (child, RAPPORT_DAV_NS, "status"))
        status = xml_status (child);
      else if (xml_is (child, RAPPORT_DAV_NS, "propstat"))
        parse_propstat (child, props);
      else if (xml_is (child, RAPPORT_DAV_NS, "error") && condition == NULL)
        {
          for (const xmlNode *xcondition = child->children; xcondition != NULL; xcondition = xcondition->next)
            {
              if (xcondition->type != XML_ELEMENT_NODE)
                continue;
              condition = g_strdup_printf ("{%s}%s",
                                           xcondition->ns != NULL && xcondition->ns->href != NULL ?
                                           (const char *) xcondition->ns->href : "",
                                           (const char *) xcondition->name);
              break;
            }
        }
    }

  /* One response per href; they share the properties (in practice only
   * the status form names several hrefs). */
  for (guint i = 0; i < hrefs->len; i++)
    {
      RapportMultistatusResponse *response = g_new0 (RapportMultistatusResponse, 1);

      response->raw_href = g_strdup (g_ptr_array_index (hrefs, i));
      response->href = rapport_dav_normalize_href (response->raw_href);
      response->status = status;
      response->props = g_ptr_array_ref (props);
      response->error = g_strdup (condition);
      g_ptr_array_add (responses, response);
    }
}

RapportMultistatus *
rapport_multistatus_parse (const char  *xml,
                           gsize        len,
                           GError     **error)
{
  g_autoptr(RapportMultistatus) self = NULL;
  xmlDoc *doc;
  const xmlNode *root;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  doc = read_document (xml, len, error);
  if (doc == NULL)
    return NULL;

  root = xmlDocGetRootElement (doc);
  if (root == NULL || !xml_is (root, RAPPORT_DAV_NS, "multistatus"))
    {
      g_set_error_literal (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_PROTOCOL,
                           _("The server answered with something other than a WebDAV list."));
      xmlFreeDoc (doc);
      return NULL;
    }

  self = g_new0 (RapportMultistatus, 1);
  self->responses = g_ptr_array_new_with_free_func (multistatus_response_free);

  for (const xmlNode *child = root->children; child != NULL; child = child->next)
    {
      if (xml_is (child, RAPPORT_DAV_NS, "response"))
        parse_response (child, self->responses);
      else if (xml_is (child, RAPPORT_DAV_NS, "sync-token") && self->sync_token == NULL)
        self->sync_token = xml_dup_trimmed_text (child);
    }

  xmlFreeDoc (doc);

  return g_steal_pointer (&self);
}

const RapportMultistatusResponse *
rapport_multistatus_find (const RapportMultistatus *self,
                          const char               *href)
{
  g_autofree char *wanted = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (href != NULL, NULL);

  wanted = rapport_dav_normalize_href (href);
  for (guint i = 0; i < self->responses->len; i++)
    {
      const RapportMultistatusResponse *response = g_ptr_array_index (self->responses, i);

      if (rapport_dav_href_equal (response->href, wanted))
        return response;
    }

  return NULL;
}

gboolean
rapport_multistatus_is_truncated (const RapportMultistatus *self,
                                  const char               *request_href)
{
  g_autofree char *wanted = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (request_href != NULL, FALSE);

  wanted = rapport_dav_normalize_href (request_href);
  for (guint i = 0; i < self->responses->len; i++)
    {
      const RapportMultistatusResponse *response = g_ptr_array_index (self->responses, i);

      if (response->status == 507 && rapport_dav_href_equal (response->href, wanted))
        return TRUE;
    }

  return FALSE;
}

static const RapportMultistatusProp *
response_find_prop (const RapportMultistatusResponse *self,
                    const char                       *ns,
                    const char                       *name,
                    gboolean                          success_only)
{
  const RapportMultistatusProp *other = NULL;

  for (guint i = 0; i < self->props->len; i++)
    {
      const RapportMultistatusProp *prop = g_ptr_array_index (self->props, i);

      if (!rapport_dav_node_is (prop->node, ns, name))
        continue;
      if (prop->status >= 200 && prop->status < 300)
        return prop;
      if (other == NULL)
        other = prop;
    }

  return success_only ? NULL : other;
}

const RapportDavNode *
rapport_multistatus_response_get_prop (const RapportMultistatusResponse *self,
                                       const char                       *ns,
                                       const char                       *name)
{
  const RapportMultistatusProp *prop;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (ns != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  prop = response_find_prop (self, ns, name, TRUE);
  return prop != NULL ? prop->node : NULL;
}

guint
rapport_multistatus_response_get_prop_status (const RapportMultistatusResponse *self,
                                              const char                       *ns,
                                              const char                       *name)
{
  const RapportMultistatusProp *prop;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (ns != NULL, 0);
  g_return_val_if_fail (name != NULL, 0);

  prop = response_find_prop (self, ns, name, FALSE);
  return prop != NULL ? prop->status : 0;
}

char *
rapport_multistatus_response_dup_text (const RapportMultistatusResponse *self,
                                       const char                       *ns,
                                       const char                       *name)
{
  const RapportDavNode *node = rapport_multistatus_response_get_prop (self, ns, name);

  if (node == NULL)
    return NULL;
  return g_strstrip (g_strdup (node->text));
}

gboolean
rapport_dav_error_body_has_condition (const char *xml,
                                      gsize       len,
                                      const char *ns,
                                      const char *name)
{
  xmlDoc *doc;
  const xmlNode *root;
  gboolean found = FALSE;

  g_return_val_if_fail (ns != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  doc = read_document (xml, len, NULL);
  if (doc == NULL)
    return FALSE;

  root = xmlDocGetRootElement (doc);
  if (root != NULL && xml_is (root, RAPPORT_DAV_NS, "error"))
    {
      for (const xmlNode *child = root->children; child != NULL && !found; child = child->next)
        found = xml_is (child, ns, name);
    }
  xmlFreeDoc (doc);

  return found;
}

/* Hrefs */

/* Decodes every valid %XX but %00; any other '%' is a literal one (and
 * comes out as %25). */
static char *
unescape_segment (const char *segment)
{
  GString *out = g_string_sized_new (strlen (segment));

  for (const char *p = segment; *p != '\0'; p++)
    {
      if (p[0] == '%' && g_ascii_isxdigit (p[1]) && g_ascii_isxdigit (p[2]) &&
          (p[1] != '0' || p[2] != '0'))
        {
          g_string_append_c (out, (char) (g_ascii_xdigit_value (p[1]) * 16 + g_ascii_xdigit_value (p[2])));
          p += 2;
        }
      else
        g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

char *
rapport_dav_normalize_href (const char *href)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *path_only = NULL;
  g_auto(GStrv) segments = NULL;
  const char *path;
  GString *out;

  g_return_val_if_fail (href != NULL, NULL);

  trimmed = g_strstrip (g_strdup (href));
  path = trimmed;

  /* scheme://authority/path: keep the path. */
  if (g_ascii_isalpha (*path))
    {
      const char *p = path;

      while (g_ascii_isalnum (*p) || *p == '+' || *p == '-' || *p == '.')
        p++;
      if (p[0] == ':' && p[1] == '/' && p[2] == '/')
        {
          p += 3;
          while (*p != '\0' && *p != '/' && *p != '?' && *p != '#')
            p++;
          path = p;
        }
    }

  /* The query and fragment name nothing in a collection. */
  path_only = g_strndup (path, strcspn (path, "?#"));
  segments = g_strsplit (path_only, "/", -1);

  out = g_string_new (NULL);
  for (guint i = 0; segments[i] != NULL; i++)
    {
      g_autofree char *decoded = unescape_segment (segments[i]);

      if (i > 0)
        g_string_append_c (out, '/');
      g_string_append_uri_escaped (out, decoded, SEGMENT_ALLOWED, FALSE);
    }

  if (out->len == 0 || out->str[0] != '/')
    g_string_prepend_c (out, '/');

  return g_string_free (out, FALSE);
}

gboolean
rapport_dav_href_equal (const char *a,
                        const char *b)
{
  g_autofree char *na = NULL;
  g_autofree char *nb = NULL;
  gsize la, lb;

  g_return_val_if_fail (a != NULL, FALSE);
  g_return_val_if_fail (b != NULL, FALSE);

  na = rapport_dav_normalize_href (a);
  nb = rapport_dav_normalize_href (b);
  la = strlen (na);
  lb = strlen (nb);
  if (la > 1 && na[la - 1] == '/')
    na[--la] = '\0';
  if (lb > 1 && nb[lb - 1] == '/')
    nb[--lb] = '\0';

  return strcmp (na, nb) == 0;
}
