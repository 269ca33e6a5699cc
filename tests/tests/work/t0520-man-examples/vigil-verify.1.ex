vigil-verify -k north.pub 2018-1120-017
vigil-verify -q 2018-1120-017.tar
sha256sum -c manifest-sha256.txt
sha512sum -c tagmanifest-sha512.txt
openssl base64 -d -in tagmanifest-sha256.txt.sig -out sig.bin
openssl pkeyutl -verify -pubin -inkey north.pub -rawin -in tagmanifest-sha256.txt -sigfile sig.bin
sha256sum -c 2018-1120-017.tar.sha256
