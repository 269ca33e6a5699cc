/* xmlmsg.h: libvigil's private helpers over libxml2 */
#ifndef XMLMSG_H
#define XMLMSG_H

#include "vigil.h"

#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>

xmlSchemaPtr	 vg_xml_schema(const char *, struct vg_error *, void *,
		     xmlStructuredErrorFunc);

#endif /* XMLMSG_H */
