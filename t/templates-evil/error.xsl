<?xml version="1.0" encoding="UTF-8"?>
<!-- Test-only view: tries to read a local file. mod_pserv must refuse. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="html" encoding="UTF-8"/>
  <xsl:template match="/">
    <html><body><pre>LEAK:<xsl:copy-of select="document('/etc/passwd')"/><xsl:value-of select="document('file:///etc/hostname')"/></pre></body></html>
  </xsl:template>
</xsl:stylesheet>
