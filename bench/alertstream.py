#!/usr/bin/env python3
# bench/alertstream.py MB [DIR]: a Hikvision alertStream capture of about MB
# MiB (DIR/stream.txt): plate reads of camera C-HK1 of tests/vendor/site.xml
# in XML parts, a picture part after every tenth; and DIR/alerts.xml, the
# same XML documents under one root, for xmllint --stream
import os, sys, time
mb = int(sys.argv[1])
os.chdir(sys.argv[2] if len(sys.argv) > 2 else ".")
jpg = b"\xff\xd8\xff\xe0" + bytes(65 + i % 26 for i in range(2000)) + b"\xff\xd9"
target = mb * 1048576
n = size = 0
with open("stream.txt", "wb") as out, open("alerts.xml", "wb") as xo:
    xo.write(b"<alerts>\n")
    while size < target:
        s = time.strftime("%Y-%m-%dT%H:%M:%S+08:00", time.gmtime(1542700000 + 8 * 3600 + n))
        x = ('<EventNotificationAlert version="2.0" xmlns="http://www.hikvision.com/ver20/XMLSchema">\n'
             '<ipAddress>10.1.2.3</ipAddress>\n<portNo>80</portNo>\n<protocol>HTTP</protocol>\n'
             '<macAddress>44:19:b6:6d:24:85</macAddress>\n<channelID>1</channelID>\n'
             '<dateTime>%s</dateTime>\n<activePostCount>1</activePostCount>\n'
             '<eventType>ANPR</eventType>\n<eventState>active</eventState>\n'
             '<eventDescription>ANPR</eventDescription>\n<ANPR>\n<country>3</country>\n'
             '<licensePlate>B%05d</licensePlate>\n<line>1</line>\n<direction>forward</direction>\n'
             '<confidenceLevel>98</confidenceLevel>\n<plateType>92TypeCivil</plateType>\n'
             '<plateColor>blue</plateColor>\n<vehicleType>vehicle</vehicleType>\n</ANPR>\n'
             '</EventNotificationAlert>\n') % (s, n % 100000)
        x = x.encode()
        p = b'--boundary\r\nContent-Type: application/xml; charset="UTF-8"\r\nContent-Length: %d\r\n\r\n' % len(x) + x + b"\r\n"
        out.write(p); xo.write(x); size += len(p)
        if n % 10 == 9:
            p = b"--boundary\r\nContent-Type: image/jpeg\r\nContent-Length: %d\r\n\r\n" % len(jpg) + jpg + b"\r\n"
            out.write(p); size += len(p)
        n += 1
    out.write(b"--boundary--\r\n")
    xo.write(b"</alerts>\n")
print(n)
